public enum OptimizersModule {}
