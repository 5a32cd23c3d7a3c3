"""Serve the policy-qa browser app: `python app.py` (or `make run`) → http://127.0.0.1:7860.

GRADIO_SERVER_NAME / GRADIO_SERVER_PORT change the address; POLICY_QA_AUTH="user:password" turns on a login.
The app itself lives in src/policy_qa/app/ (importing policy_qa first keeps Gradio from phoning home).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))  # works without `pip install -e`

from policy_qa.app.launch import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
