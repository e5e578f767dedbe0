"""Views, one module per area: board, case page, health … Each stays thin: call a selector or a service."""
