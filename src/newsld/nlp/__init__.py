"""The only package that imports spaCy: pipeline loading, registered components, Doc -> model."""
