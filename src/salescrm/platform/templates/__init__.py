"""Industry templates (manufacturing, high tech, consumer goods) installed in one step."""
