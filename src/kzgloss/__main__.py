"""``python -m kzgloss``."""

if __name__ == "__main__":
    from kzgloss.cli import main

    main()
