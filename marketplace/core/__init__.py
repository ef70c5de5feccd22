"""What every package may use: order status names, e-mail after commit with absolute links."""
