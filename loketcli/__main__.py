from loketcli.agent.entry import main

main()
