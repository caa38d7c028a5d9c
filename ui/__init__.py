"""Streamlit-side helpers shared by pages: data access with failure banners, tiles, formats."""
