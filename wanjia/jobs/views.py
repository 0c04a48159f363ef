from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from wanjia.core.files import file_response
from wanjia.core.views import requires
from wanjia.jobs.selectors import jobs_visible


@requires("jobs.job")
def job_list(request):
    page = Paginator(jobs_visible(request.user).filter(owner=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


@requires("jobs.job")
def job_progress(request, pk: int):
    """The progress partial (HTMX polls it until the job ends); a full page when opened directly."""
    job = get_object_or_404(jobs_visible(request.user), pk=pk)
    template = "jobs/progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@requires("jobs.job")
def job_result(request, pk: int):
    job = get_object_or_404(jobs_visible(request.user), pk=pk)
    if not job.result:
        raise Http404
    return file_response(job.result.name, filename=job.result_name or None)
