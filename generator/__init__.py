"""Static-site publication generator for Chinese government work reports (政府工作报告).

The pipeline, one module per stage, plain dataclasses between them::

    seeds/*.txt ─ read ─ clean ─ parse ─ extract ─ link ─ render ─ docs/ ─ mkdocs ─ site/
"""

__version__ = "0.1.0"
