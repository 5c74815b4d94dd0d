"""HTTP routes: thin. They validate and render; services in ``matcher.access`` decide."""
