from checker.cli import main

main(prog_name="checker")
