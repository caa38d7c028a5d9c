"""12315 requests: volumes, breakdowns, gala transfers, open and overdue cases, the cases behind them."""

from dataclasses import replace

import streamlit as st

from campaign.offices import within
from campaign.settings import settings
from campaign.strings import t
from queries.complaint_figures import complaints_screen
from queries.reference import reference_lists
from ui import complaint_panels, data, format, signin
from ui.case_panel import case_section, filters_text
from ui.filters import complaint_filters, rerun_if_narrowed

info = data.campaign()
ref = data.cached("reference", reference_lists, ttl=300) if info else None
if info is not None and ref is not None:
    who = signin.current()
    offices, categories = within(ref[0], who.office_id), ref[1]
    f = replace(complaint_filters(info.now().date(), offices, categories), scope=who.office_id)
    st.title(t("complaints.title"))
    st.caption(format.literal(filters_text(f, offices)))

    @st.fragment(run_every=settings().refresh_seconds)
    def live_figures() -> None:
        signin.recheck()
        rerun_if_narrowed()
        moment = data.figures_moment(info)
        fig = data.cached("complaints", complaints_screen, f, moment, who.handles, ttl=10)
        if fig is None:
            return
        data.read_at_caption(info)
        complaint_panels.headline(fig)
        if fig.received == 0:
            st.info(t("complaints.empty"))
            return
        complaint_panels.volume_and_breakdowns(info, f, fig, moment)
        complaint_panels.gala_transfers(fig)

    live_figures()
    # Figures cover the viewer's offices; the cases themselves, for staff, only those they handle.
    case_section(who, replace(f, handler=who.handles), offices, info.now().replace(microsecond=0))
