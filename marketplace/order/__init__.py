"""Oscar's order app, forked: one order lifecycle that follows what Stripe says of the payment."""
