public enum HDF5KitModule {}
