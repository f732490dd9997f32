"""Page families: each module turns the dataset into the generated pages of one family."""
