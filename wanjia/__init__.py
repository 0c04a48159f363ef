"""万家 Wanjia: operations platform for a power supply bureau."""
