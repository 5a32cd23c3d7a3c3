"""Serve the policy-qa browser app: `python app.py` (or `make run`) → http://127.0.0.1:7860.

GRADIO_SERVER_NAME / GRADIO_SERVER_PORT change the address; POLICY_QA_AUTH="user:password" turns on a login.
The app itself lives in src/policy_qa/webapp.py.
"""
import os
import sys

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before anything imports gradio: nothing phones home
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))  # works without `pip install -e`

from policy_qa.webapp import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
