print("aureon")
