# The role protocol: the reference role player and its wrong builds.
