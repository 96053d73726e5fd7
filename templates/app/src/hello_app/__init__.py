import requests


def main() -> None:
    print(f"hello from hello-app, using requests {requests.__version__}")
