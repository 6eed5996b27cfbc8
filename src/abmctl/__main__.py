from abmctl.cli import main

main()
