"""The wall screen: a playlist of screens rotating by the clock, for a room to read from afar."""

from campaign.settings import settings
from campaign.wall import wall_settings
from ui import data, rotation

info = data.campaign()
if info is not None:
    rotation.show(info, wall_settings(settings().wall))
