// The scale over Web Serial (filled in below).
