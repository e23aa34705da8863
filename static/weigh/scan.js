// Scanning a member card (filled in below).
