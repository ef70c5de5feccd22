"""The staff dashboard, Oscar's forked the documented way to give it a home about this business."""
