"""Is a point in (mainland) Norway? A coarse outline of the country, good to some kilometres.

The outline follows the borders with Sweden, Finland and Russia and runs a little out to sea
along the coast, so islands and skerries are inside. Svalbard is not a municipality.
"""
from __future__ import annotations

#: (longitude, latitude), clockwise from the Swedish border at Svinesund
NORWAY = [
    (11.22, 59.05), (11.45, 58.88), (11.75, 59.10), (11.82, 59.35), (11.70, 59.60),
    (11.85, 59.85), (12.25, 59.95), (12.50, 60.10), (12.60, 60.50), (12.30, 61.00),
    (12.75, 61.35), (12.20, 61.75), (12.10, 62.30), (12.30, 62.80), (12.10, 63.30),
    (12.70, 63.60), (13.20, 64.00), (14.10, 64.45), (13.70, 64.95), (14.35, 65.40),
    (14.60, 66.10), (15.45, 66.30), (16.40, 67.00), (16.60, 67.50), (17.30, 68.10),
    (18.10, 68.50), (19.90, 68.35), (20.25, 68.90), (20.55, 69.06), (21.60, 69.28),
    (22.40, 68.72), (23.50, 68.82), (24.90, 68.58), (25.75, 69.00), (26.00, 69.70),
    (27.00, 69.90), (28.40, 69.82), (29.30, 69.30), (28.90, 69.05), (29.40, 69.02),
    (30.20, 69.30), (30.85, 69.55), (31.30, 70.10), (31.60, 70.60), (28.50, 71.35),
    (25.50, 71.40), (21.00, 70.60), (17.50, 70.00), (14.50, 69.20), (11.50, 67.70),
    (10.50, 65.50), (7.80, 63.80), (4.40, 61.60), (4.30, 59.00), (5.50, 58.30),
    (6.50, 57.85), (7.60, 57.80), (9.40, 58.50), (10.60, 58.85), (11.00, 58.95),
]


def in_norway(latitude: float, longitude: float) -> bool:
    """Whether the point lies inside the outline (ray casting)."""
    inside = False
    points = NORWAY
    j = len(points) - 1
    for i, (xi, yi) in enumerate(points):
        xj, yj = points[j]
        if (yi > latitude) != (yj > latitude):
            x_cross = (xj - xi) * (latitude - yi) / (yj - yi) + xi
            if longitude < x_cross:
                inside = not inside
        j = i
    return inside
