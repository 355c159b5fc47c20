"""`python -m network_md`."""

from .cli import main

if __name__ == "__main__":
    main()
