"""Pure builders of Dash components: plain values in, components out (no callbacks, no data)."""
