from laborwatch.cli.main import run

run()
