import OrreryCLI

OrreryCommand.main()
