from cnnshape.main import main

main()
