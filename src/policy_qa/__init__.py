"""policy-qa: cited answers from Dutch policy PDFs (PDF → pages → clean text → passages → index → search → answer).

Importing the package makes sure nothing phones home (Gradio analytics, model hubs): the one place these are set.
"""
import os as _os

for _name, _value in (("GRADIO_ANALYTICS_ENABLED", "False"), ("HF_HUB_OFFLINE", "1"),
                      ("HF_HUB_DISABLE_TELEMETRY", "1")):
    _os.environ.setdefault(_name, _value)

__version__ = "0.2.0"
