"""Knowledge of the standards and file formats, shared by the writers (emitters) and the readers
(importers): ELM and LOQ terms, authority tables, the RDF, JSON-LD and XML writing helpers,
numbers, interface strings, and the workspace's own YAML and JSON Schemas."""
