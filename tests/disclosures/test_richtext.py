from gongkai.disclosures.richtext import for_reading, sanitise


def test_each_table_of_a_body_sits_in_a_named_focusable_region():
    body = sanitise(
        "<p>说明</p><table><caption>签约情况</caption><tr><td>1</td></tr></table>"
        "<table><tr><td><table><tr><td>内层</td></tr></table></td></tr></table>"
    )
    shown = for_reading(body, label="表格")
    assert shown.count('<div class="table-wrap" role="region" tabindex="0"') == 3
    assert shown.count("</table></div>") == 3
    assert 'aria-labelledby="body-table-1"><table><caption id="body-table-1">签约情况</caption>' in shown
    assert 'aria-label="表格 2"' in shown and 'aria-label="表格 3"' in shown
    assert for_reading("<p>没有表格</p>", label="表格") == "<p>没有表格</p>"
