"""The Qt-free heart of Packet: the model, labels, factors and page maths. No I/O beyond own resources."""
