#!/usr/bin/env python
from rallynov.cli import main

if __name__ == "__main__":
    main()
