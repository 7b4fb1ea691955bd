from loketcli.cli.app import main

main()
