from rallynov.cli import main

main()
