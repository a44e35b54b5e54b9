"""What the public pages show, assembled from the selectors: page contexts and chart geometry."""
