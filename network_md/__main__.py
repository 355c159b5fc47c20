"""`python -m network_md`."""

from network_md.cli.main import main

if __name__ == "__main__":
    main()
