from loketcli.cli.entry import main

main()
