"""What people read: terminal text, JSON, the dashboard, export formats, the calendar, the report."""
