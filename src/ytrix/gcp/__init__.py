"""Google Cloud project setup without gcloud: inventory, clone, init and the manual
OAuth guide, over the Cloud REST APIs (Resource Manager v3, Service Usage v1, IAM v1,
Cloud Billing v1) with google-api-python-client and Application Default Credentials.

``ids`` project-ID rules · ``transport`` ADC, clients, retries, operations ·
``inventory`` what a project holds · ``clone`` plan and execution (also ``gcp_init``) ·
``guide`` the manual console steps · ``steps`` what a step reports (drawn by
``cli/views/gcp.py``).
"""
