import pytest

from cases import charts


@pytest.mark.parametrize("peak,step", [(0, 1), (4, 1), (9, 2.5), (68, 20), (240, 100), (1234, 500)])
def test_axis_steps_are_round_numbers(peak, step):
    assert charts.nice_step(peak) == step


def test_columns_scale_to_the_tallest_stack_and_keep_the_numbers_for_the_table():
    chart = charts.columns("x", "T", "D", ["a", "b"], [("One", [2, 0]), ("Two", [3, 1])], stacked=True)
    top = chart.plot[1]
    heights = [bar.h for bar in chart.bars]
    assert max(bar.y for bar in chart.bars) <= top + chart.plot[3]
    assert heights[0] + heights[1] <= chart.plot[3] + 0.01
    assert chart.table_rows == [["a", "2", "3"], ["b", "0", "1"]]
    assert not chart.empty


def test_an_all_zero_chart_says_so():
    assert charts.hbars("x", "T", "D", ["a"], [("n", [0])]).empty


def test_hbars_label_long_names_shortened_but_table_keeps_them():
    name = "Product detail change (title, bullets, images, description)"
    chart = charts.hbars("x", "T", "D", [name], [("n", [3])])
    assert chart.cat_labels[0][1].endswith("…") and chart.table_rows[0][0] == name
