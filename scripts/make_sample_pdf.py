"""Regenerates src/laborwatch/data/samples/mongolia-quota-bulletin.pdf (needs reportlab and pypdf)."""

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

PAGES = [
    [
        "Steppe Economic Bulletin - Labor migration notes",
        "",
        "ULAANBAATAR - Mongolia's labor ministry said on 12 January 2018 that it would",
        "not extend the permits of North Korean workers, and that some 1,200 workers",
        "remaining in the country would leave by the end of the year.",
        "",
        "A ministry spokesperson said the annual quota had already been cut to",
        "four thousand permits before the UN resolution took effect.",
    ],
    [
        "Textile and construction firms in Ulaanbaatar were the main employers,",
        "the bulletin found. One garment workshop said it paid $500 a month per",
        "worker to an agency, of which the workers received about $90.",
        "",
        "Nearly 800 of the remaining workers were employed in construction.",
    ],
]


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "src/laborwatch/data/samples/mongolia-quota-bulletin.pdf"
    pdf = canvas.Canvas(str(target), pagesize=A4, invariant=1)
    pdf.setTitle("Mongolia to send North Korean workers home")
    pdf.setAuthor("Steppe Economic Bulletin")
    pdf.setCreator("LaborWatch sample generator")
    for lines in PAGES:
        y = 780
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    # reportlab's reproducible mode stamps the year 2000; give the bulletin its real publication date
    writer = PdfWriter(clone_from=PdfReader(target))
    writer.add_metadata({"/CreationDate": "D:20180115090000Z"})
    with target.open("wb") as handle:
        writer.write(handle)


if __name__ == "__main__":
    main()
