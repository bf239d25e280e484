// AureonCluster
