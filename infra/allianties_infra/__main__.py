from allianties_infra.cli import main

main()
