def test_demo_personas_exist(personas):
    assert len(personas) == 11
