from wanjia.manage import main

main()
