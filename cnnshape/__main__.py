from cnnshape.cli import main

main()
