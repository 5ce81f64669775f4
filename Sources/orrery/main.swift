import OrreryCLI

CommandLineEntry.main()
