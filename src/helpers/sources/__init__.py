"""One reader module per publisher format (TÜİK, Eurostat, trade, universities, SGK, TİM)."""
