/* Optional: shows a contact's numbers beside the map when it is pointed at or focused.
   Without it the page reads the same: each contact carries its numbers as a title. */
(function () {
  var map = document.getElementById("map-svg");
  var panel = document.getElementById("map-detail");
  if (!map || !panel) { return; }
  function show(event) {
    var node = event.target.closest ? event.target.closest(".node") : null;
    if (node) { panel.textContent = node.getAttribute("aria-label"); }
  }
  map.addEventListener("focusin", show);
  map.addEventListener("mouseover", show);
  document.documentElement.setAttribute("data-script", "ready");
})();
