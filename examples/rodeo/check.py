"""The rodeo's acceptance checks: run with the environment's python."""

import cartopy.crs as ccrs
import numpy as np
import shapely.geometry
import tensorflow as tf
import xarray as xr
import xgcm

assert float(tf.reduce_sum(tf.ones((2, 2)))) == 4.0

# WGS84 ellipsoidal Mercator of (10°E, 50°N)
x, y = ccrs.Mercator().transform_point(10, 50, ccrs.PlateCarree())
assert abs(x - 1113194.9) < 1 and abs(y - 6413524.6) < 1, (x, y)

assert shapely.geometry.Point(0, 0).buffer(1).area > 3.1

ds = xr.Dataset(
    coords={"x_c": ("x_c", np.arange(4) + 0.5), "x_g": ("x_g", np.arange(4.0))},
)
grid = xgcm.Grid(
    ds,
    coords={"X": {"center": "x_c", "left": "x_g"}},
    padding="periodic",
    autoparse_metadata=False,
)
assert "X" in grid.axes

print("rodeo ok")
